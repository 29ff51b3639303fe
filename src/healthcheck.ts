/**
 * The container's HEALTHCHECK: exits 0 when this instance answers `/healthz`. Plain Node (no curl
 * in the slim image), reading the ports the way the app does: OPS_PORT when set (every mode serves
 * /healthz there), else PORT.
 */
const port = process.env.OPS_PORT?.trim() || process.env.PORT?.trim() || '3000';

try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
