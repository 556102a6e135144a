#!/usr/bin/env node
import { writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseWorkerConfig, WORKER_CONFIG_FILE, type JsonObject } from '@functions-rpc/protocol';
import { existsSync, readFileSync } from 'node:fs';
import { defaultKitApp, KIT_APPS, kitApp, type KitAppName } from '../conformance/kit-apps.js';
import { formatFailures, formatTable, summarize } from '../conformance/report.js';
import { runWorkerSuite } from '../conformance/worker-suite.js';
import type { WorkerUnderTest } from '../conformance/worker-session.js';
import { launchFromWorkerConfig } from '../worker-config.js';
import { parseConformanceArgs, USAGE, type HostCommand, type WorkerCommand } from './cli-args.js';
import { runHostSuite } from '../host-conformance/host-suite.js';
import type { ScenarioResult } from '../conformance/verdict.js';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseConformanceArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return command.command === 'host' ? checkHost(command) : checkWorker(command);
}

async function checkWorker(command: WorkerCommand): Promise<number> {
  const target = workerUnderTest(command);
  const launched = [target.launch.command, ...(target.launch.args ?? [])].join(' ');
  process.stdout.write(`Worker: ${launched}\nApp: ${target.appDir}\n\n`);
  const results = await runWorkerSuite({ ...target, only: command.only, onResult: progress });
  return report(results, command.json, { role: 'worker', worker: launched, app: target.appDir });
}

async function checkHost(command: HostCommand): Promise<number> {
  process.stdout.write(`Host: ${command.hostCommand.join(' ')}\n\n`);
  const results = await runHostSuite({
    command: command.hostCommand.map(absoluteIfFile),
    only: command.only,
    timeoutMs: command.timeoutMs,
    ...(command.storage ? { storage: command.storage } : {}),
    onResult: progress,
  });
  return report(results, command.json, { role: 'host', host: command.hostCommand.join(' ') });
}

function progress(result: ScenarioResult): void {
  process.stdout.write(`${result.verdict === 'fail' ? 'x' : '.'} ${result.name}\n`);
}

/** Prints the table and the failures' messages, writes the JSON file if asked; returns the exit code. */
async function report(
  results: readonly ScenarioResult[],
  json: string | undefined,
  subject: Readonly<Record<string, string>>,
): Promise<number> {
  process.stdout.write(`\n${formatTable(results)}\n`);
  const failures = formatFailures(results);
  if (failures) process.stdout.write(`\n${failures}\n`);
  const summary = summarize(results);
  if (json) {
    const document = {
      tool: 'fnrpc-conformance',
      ...subject,
      date: new Date().toISOString(),
      summary,
      results,
    };
    await writeFile(json, `${JSON.stringify(document, null, 2)}\n`);
  }
  return summary.fail === 0 ? 0 : 1;
}

/** The worker and app the command line names. */
function workerUnderTest(command: WorkerCommand): WorkerUnderTest {
  const config = command.workerDir ? readConfig(command.workerDir) : undefined;
  const language = command.language ?? config?.language ?? 'node';
  // A .NET isolated worker is the app itself: its build output holds worker.config.json.
  const app = command.app
    ? appDir(command.app)
    : (defaultKitApp(language) ??
      (language === 'dotnet-isolated' && command.workerDir ? resolve(command.workerDir) : undefined));
  if (!app) throw new Error(`The kit ships no app for '${language}'; give one with --app.`);
  const [executable = '', ...args] = (command.workerCommand ?? []).map(absoluteIfFile);
  return {
    launch: command.workerDir
      ? launchFromWorkerConfig(resolve(command.workerDir))
      : { command: executable, args },
    appDir: app,
    ...(command.workerDir ? { workerDir: resolve(command.workerDir) } : {}),
    argumentStyle: command.argumentStyle,
    language,
    ...(config ? { extensions: config.extensions } : {}),
    timeoutMs: command.timeoutMs,
  };
}

/** The worker runs in the app folder: a command word naming a file here is made absolute. */
function absoluteIfFile(word: string): string {
  return !isAbsolute(word) && existsSync(word) ? resolve(word) : word;
}

function appDir(app: string): string {
  return app in KIT_APPS ? kitApp(app as KitAppName) : resolve(app);
}

function readConfig(workerDir: string): { language: string; extensions: readonly string[] } {
  const json = JSON.parse(readFileSync(resolve(workerDir, WORKER_CONFIG_FILE), 'utf8')) as JsonObject;
  return parseWorkerConfig(json, resolve(workerDir));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
