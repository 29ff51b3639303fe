/** The layering rules of DESIGN.md §3: the core depends on nothing outside itself, no adapter imports another or storage. */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing from adapters/, db/, the scheduler or the app wiring.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^(adapters|db)/|^src/(?!core/)' },
    },
    {
      name: 'no-adapter-to-adapter',
      comment: 'An adapter never imports another adapter.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'adapters-never-touch-storage',
      comment:
        "An adapter decodes platform events into requests for the inbound port and renders replies; storage is the core's business (issue 12).",
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^db/|^src/core/ports/(store|outbox)\\.ts$' },
    },
    {
      name: 'db-knows-no-adapter',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^adapters/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
