/**
 * The one function of js-yaml (a dev dependency that ships no types) the tests call. It answers
 * `unknown`: a test checks the shape of what it parsed before using it.
 */
declare module 'js-yaml' {
  /** Parses one YAML document. */
  export function load(text: string): unknown;
}
