import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConformanceArgs } from './cli-args.js';

describe('parseConformanceArgs', () => {
  it('reads a worker folder and the options', () => {
    assert.deepEqual(
      parseConformanceArgs([
        'worker',
        '--app',
        'node-legacy',
        '--only',
        'a,b',
        '--only',
        'c',
        '--timeout',
        '5',
        'w',
      ]),
      {
        command: 'worker',
        workerDir: 'w',
        app: 'node-legacy',
        only: ['a', 'b', 'c'],
        argumentStyle: 'both',
        timeoutMs: 5000,
      },
    );
  });

  it('takes everything after -- as the command, options included', () => {
    const parsed = parseConformanceArgs(['worker', '--json', 'r.json', '--', './w', '--app', 'x']);
    assert.deepEqual(parsed, {
      command: 'worker',
      workerCommand: ['./w', '--app', 'x'],
      json: 'r.json',
      only: [],
      argumentStyle: 'both',
      timeoutMs: 30_000,
    });
    assert.deepEqual(parseConformanceArgs(['host', '--', 'h', '{appDir}']), {
      command: 'host',
      hostCommand: ['h', '{appDir}'],
      only: [],
      timeoutMs: 30_000,
    });
    assert.deepEqual(parseConformanceArgs(['host', '--storage', 'UseDevelopmentStorage=true', '--', 'h']), {
      command: 'host',
      hostCommand: ['h'],
      storage: 'UseDevelopmentStorage=true',
      only: [],
      timeoutMs: 30_000,
    });
  });

  it('refuses what it cannot run, saying why', () => {
    assert.throws(() => parseConformanceArgs(['client']), /Unknown role 'client'/);
    assert.throws(() => parseConformanceArgs(['worker']), /worker folder, or the worker command/);
    assert.throws(() => parseConformanceArgs(['worker', 'w', '--', 'x']), /not both/);
    assert.throws(() => parseConformanceArgs(['host']), /host command after --/);
    assert.throws(() => parseConformanceArgs(['worker', '--argument-style', 'odd', 'w']), /--argument-style/);
    assert.throws(() => parseConformanceArgs(['worker', '--timeout', '0', 'w']), /--timeout/);
    assert.throws(() => parseConformanceArgs(['worker', '--storage', 's', 'w']), /--storage.*host role/);
    assert.equal(parseConformanceArgs([]).command, 'help');
  });
});
