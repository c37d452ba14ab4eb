// Modules the build makes (scripts/builtin-templates.mjs), for esbuild and vitest alike.
declare module 'virtual:builtin-templates' {
  import type { TemplateSpecification } from 'handlebars';
  /** The built-in report templates by name (`weekly.zh`), each with its source and its precompiled form (loaded on call). */
  export const BUILTIN_TEMPLATES: Record<string, { source: string; spec: () => Promise<TemplateSpecification> }>;
}
declare module 'virtual:builtin-template/*' {
  import type { TemplateSpecification } from 'handlebars';
  export const spec: TemplateSpecification;
}

// pgpass, the ~/.pgpass reader pg itself uses (pinned by pg): its line parser and matcher, read with club's env.
declare module 'pgpass/lib/helper.js' {
  interface PgPassEntry {
    host: string;
    port: string;
    database: string;
    user: string;
    password: string;
  }
  const helper: {
    parseLine(line: string): PgPassEntry | null;
    match(connInfo: { host: string; port: number; database: string; user: string }, entry: PgPassEntry): boolean;
  };
  export default helper;
}
