import { connect } from 'node:net';
import type { StatusObject } from '@grpc/grpc-js';
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  grpcTarget,
  messageLengthOptions,
  openRawEventStream,
} from '@functions-rpc/protocol';
import { frameLine, readFrames, REPORTED_ENV, type RelayCommand, type RelayEvent } from './relay-frames.js';

/**
 * The stand-in worker a host under test starts: reports its command line, working directory and
 * environment to the kit over `controlPath`, opens EventStream to the host the command line names, and
 * relays bytes both ways. It exits when the kit says so or the control channel closes.
 */
export function runRelay(controlPath: string): void {
  const argv = process.argv.slice(2);
  const control = connect(controlPath);
  const emit = (event: RelayEvent): void => void control.write(frameLine(event));
  control.on('close', () => process.exit(0));
  control.on('error', () => process.exit(1));
  const env: Record<string, string> = {};
  for (const key of REPORTED_ENV) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  emit({ t: 'hello', argv, cwd: process.cwd(), env, pid: process.pid });

  const flag = (name: string): string | undefined => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const uri = flag('--functions-uri') ?? `${flag('--host')}:${flag('--port')}`;
  const { call } = openRawEventStream(grpcTarget(uri), messageLengthOptions(DEFAULT_MAX_MESSAGE_LENGTH));
  call.on('data', (bytes: Buffer) => emit({ t: 'msg', b64: bytes.toString('base64') }));
  call.on('status', (status: StatusObject) =>
    emit({ t: 'status', code: status.code, details: status.details }),
  );
  call.on('error', () => undefined);

  control.on(
    'data',
    readFrames<RelayCommand>((command) => {
      if (command.t === 'send') call.write(Buffer.from(command.b64, 'base64'));
      else if (command.t === 'end') call.end();
      else process.exit(command.code);
    }),
  );
}
