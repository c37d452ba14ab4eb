// A CommonJS package loaded with import(): Node's own loader (the tests) gives its exports as named exports and as the
// default export, the bundle in dist/ (esbuild) as the default export only. Taking `default` when there is one works
// in both.
export function commonJsExports<T extends object>(mod: T): T {
  return (mod as { default?: T }).default ?? mod;
}
