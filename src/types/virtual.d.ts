// Modules the build makes (scripts/builtin-templates.mjs), for esbuild and vitest alike.
declare module 'virtual:builtin-templates' {
  import type { TemplateSpecification } from 'handlebars';
  /** The built-in report templates by name (`weekly.zh`), each with its source and its precompiled form. */
  export const BUILTIN_TEMPLATES: Record<string, { source: string; spec: TemplateSpecification }>;
}
