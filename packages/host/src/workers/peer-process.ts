import { readdir, readFile, readlink } from 'node:fs/promises';
import { isIPv4 } from 'node:net';
import type { StreamPeer } from '@functions-rpc/protocol';

/**
 * On Linux, whether the process holding the client end of a loopback connection to `serverPort` is `rootPid`
 * or one of its descendants: the peer's address and port lead to the socket's inode in /proc/net/tcp (or tcp6),
 * and the inode to the process whose /proc/<pid>/fd holds it. Resolves with the reason to refuse, or undefined
 * to accept; elsewhere, or without readable socket tables, it accepts, since it cannot tell.
 */
export async function checkPeerProcess(
  peer: StreamPeer,
  serverPort: number,
  rootPid: number | undefined,
): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  if (rootPid === undefined) return 'the worker process has not started';
  const inode = await socketInode(peer, serverPort);
  // Without the socket tables (a /proc without net) the host cannot tell, and does not lock out its worker.
  if (inode === null) return undefined;
  if (inode === undefined) return `no socket of this machine is connected from ${peer.address}:${peer.port}`;
  // Most workers connect from the launched process itself: one look at its descriptors spares reading the
  // parent of every process on the machine, which the worker's init request would wait for.
  if (await holdsSocket(rootPid, inode)) return undefined;
  for (const pid of (await processTree(rootPid)).slice(1)) {
    if (await holdsSocket(pid, inode)) return undefined;
  }
  return `the connection from port ${peer.port} belongs to a process the host did not launch`;
}

/**
 * The inode of the socket whose local end is the peer and whose remote end is the server's port; undefined when
 * there is none, null when no socket table could be read.
 */
async function socketInode(peer: StreamPeer, serverPort: number): Promise<string | undefined | null> {
  const locals = new Set(hexAddresses(peer.address).map((address) => `${address}:${hexPort(peer.port)}`));
  const remotePort = `:${hexPort(serverPort)}`;
  let read = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
      read = true;
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const fields = line.trim().split(/\s+/);
      if (locals.has(fields[1] ?? '') && fields[2]?.endsWith(remotePort)) return fields[9];
    }
  }
  return read ? undefined : null;
}

/** `rootPid` and every process below it, read from the parent ids in /proc/<pid>/stat. */
async function processTree(rootPid: number): Promise<number[]> {
  const children = new Map<number, number[]>();
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
  await Promise.all(
    pids.map(async (pid) => {
      try {
        const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
        // The command name (2nd field) may hold spaces and parentheses: the parent id is after the last ')'.
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(parent, [...(children.get(parent) ?? []), pid]);
      } catch {
        // The process ended meanwhile.
      }
    }),
  );
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

async function holdsSocket(pid: number, inode: string): Promise<boolean> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  const wanted = `socket:[${inode}]`;
  for (const fd of fds) {
    try {
      if ((await readlink(`/proc/${pid}/fd/${fd}`)) === wanted) return true;
    } catch {
      // The descriptor was closed meanwhile.
    }
  }
  return false;
}

/**
 * An address as /proc/net/tcp(6) may write it: IPv4 as one little-endian word, IPv6 as four. An IPv4 peer may
 * hold a dual-stack IPv6 socket (the .NET worker's gRPC client does), listed in tcp6 under the IPv4-mapped form.
 */
function hexAddresses(address: string): string[] {
  const mapped = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(mapped)) return [ipv4Word(mapped), `0000000000000000FFFF0000${ipv4Word(mapped)}`];
  return [ipv6Words(address)];
}

function ipv4Word(address: string): string {
  const bytes = address.split('.').map((part) => Number(part).toString(16).padStart(2, '0'));
  return bytes.reverse().join('').toUpperCase();
}

function ipv6Words(address: string): string {
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ].map((group) => group.padStart(4, '0'));
  const bytes = groups.flatMap((group) => [group.slice(0, 2), group.slice(2)]);
  const words: string[] = [];
  for (let i = 0; i < 16; i += 4)
    words.push(
      bytes
        .slice(i, i + 4)
        .reverse()
        .join(''),
    );
  return words.join('').toUpperCase();
}

function hexPort(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}
