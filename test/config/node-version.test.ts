import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

it('the README asks for the Node.js version package.json’s engines does', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const readme = /With Node\.js (\d+(?:\.\d+)*) or newer/.exec(read('README.md'))?.[1];
  expect(engines).toMatch(/^>=\d+(\.\d+)*$/);
  expect(readme).toBe(engines.slice(2));
});
