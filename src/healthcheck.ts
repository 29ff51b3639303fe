/**
 * The container's HEALTHCHECK: exits 0 when this instance answers `/healthz` on PORT. Plain
 * Node (no curl in the slim image), reading PORT the way the app does.
 */
const port = process.env.PORT?.trim() || '3000';

try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
