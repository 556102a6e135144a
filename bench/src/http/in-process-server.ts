/**
 * The in-process floor: bench/apps/http-hello's own handlers called in the server's process behind
 * node:http, each request turned into the `@azure/functions` library's HttpRequest and each result into its
 * HttpResponse, as a worker converts them, with no host, no worker process and no protocol in between. No
 * host running this library can serve the app faster; `fnrpc start`'s rate against it is the price of the
 * process hop and the protocol. Run as its own process: `in-process-server.js <app folder> <port>`.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';

type Handler = (request: unknown, context: unknown) => unknown;

interface FunctionsLibrary {
  HttpRequest: new (init: object) => unknown;
  HttpResponse: new (init?: object) => {
    status: number;
    headers: Headers;
    arrayBuffer(): Promise<ArrayBuffer>;
  };
  InvocationContext: new (init: object) => unknown;
}

interface Registration {
  name: string;
  bindings: Record<string, { type?: string; route?: string }>;
}

const [appArgument = '.', portText = '0'] = process.argv.slice(2);
const appDir = resolve(appArgument);
const routes = new Map<string, { name: string; handler: Handler }>();

/** Just enough of `@azure/functions-core` for the library to register the app's functions with us. */
const core = {
  version: '0.0.0',
  hostVersion: '4.0.0',
  registerFunction(metadata: Registration, handler: Handler) {
    const trigger = Object.values(metadata.bindings).find((binding) => binding.type === 'httpTrigger');
    if (trigger) routes.set(`/api/${trigger.route ?? metadata.name}`, { name: metadata.name, handler });
    return { dispose: () => undefined };
  },
  registerHook: () => ({ dispose: () => undefined }),
  setProgrammingModel: () => undefined,
  getProgrammingModel: () => undefined,
  log: () => undefined,
  Disposable: class {
    dispose(): void {}
  },
};

const prototype = Module.prototype as { require: (id: string) => unknown };
prototype.require = new Proxy(prototype.require, {
  apply: (target, thisArg, args: [string]) =>
    args[0] === '@azure/functions-core' ? core : Reflect.apply(target, thisArg, args),
});

const appRequire = createRequire(join(appDir, 'package.json'));
const library = appRequire('@azure/functions') as FunctionsLibrary;
for (const file of appFiles(appDir)) appRequire(file);

function appFiles(dir: string): string[] {
  const main = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { main: string }).main;
  if (!main.includes('*')) return [join(dir, main)];
  // The one glob form the benchmark app uses: `folder/*.js`.
  const folder = join(dir, dirname(main));
  const suffix = basename(main).replace('*', '');
  return readdirSync(folder)
    .filter((name) => name.endsWith(suffix))
    .map((name) => join(folder, name));
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    void (async () => {
      const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
      const route = routes.get(url.pathname);
      if (!route) return void response.writeHead(404).end();
      const httpRequest = new library.HttpRequest({
        method: request.method ?? 'GET',
        url: url.href,
        headers: flatHeaders(request.headers),
        query: Object.fromEntries(url.searchParams),
        params: {},
        body: chunks.length > 0 ? { bytes: Buffer.concat(chunks) } : undefined,
      });
      const context = new library.InvocationContext({ invocationId: randomUUID(), functionName: route.name });
      const result = await route.handler(httpRequest, context);
      const httpResponse =
        result instanceof library.HttpResponse ? result : new library.HttpResponse(result as object);
      const body = Buffer.from(await httpResponse.arrayBuffer());
      response.writeHead(httpResponse.status, Object.fromEntries(httpResponse.headers)).end(body);
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
});
server.listen(Number(portText), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
