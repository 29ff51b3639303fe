import { Session } from 'node:inspector/promises';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** V8's pseudo-frames, named for what they mean here. */
const SPECIAL: Record<string, string> = {
  '(idle)': 'idle (waiting on the database)',
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8 and native code',
};

/** Where a frame's code lives: a package name, one of our files, or the VM itself. */
function ownerOf(url: string): string {
  if (url === '') return 'V8 and native code';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [scopeOrName = '', name = ''] = url.slice(modules + 'node_modules/'.length).split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  if (url.startsWith('node:')) return 'node core';
  const root = url.lastIndexOf('/main/');
  return root === -1 ? url : url.slice(root + '/main/'.length);
}

/**
 * Runs `work` under V8's sampling CPU profiler and returns its result with the self time of the
 * `top` biggest owners (packages or our files), as shares of all samples.
 */
export async function cpuProfile<T>(
  work: () => Promise<T>,
  top = 6,
): Promise<{ result: T; lines: string[]; functions: string[] }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  let result: T;
  let nodes: ProfileNode[] = [];
  try {
    result = await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    nodes = profile.nodes as ProfileNode[];
    session.disconnect();
  }
  const total = nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (url !== '') {
      const where = `${functionName || '(anonymous)'} (${shortPath(url)}:${lineNumber + 1})`;
      byFunction.set(where, (byFunction.get(where) ?? 0) + (node.hitCount ?? 0));
    }
    const owner = SPECIAL[node.callFrame.functionName] ?? ownerOf(node.callFrame.url);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + (node.hitCount ?? 0));
  }
  const lines = [...byOwner.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([owner, hits]) => `${owner} ${((hits / total) * 100).toFixed(0)}%`);
  const functions = [...byFunction.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([where, hits]) => `${where} ${((hits / total) * 100).toFixed(0)}%`);
  return { result, lines, functions };
}

function shortPath(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) return url.slice(modules + 'node_modules/'.length);
  const root = url.lastIndexOf('/main/');
  return root === -1 ? url : url.slice(root + '/main/'.length);
}
