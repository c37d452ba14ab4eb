// The HTML page's stylesheet (--format html), one for every report kind: a template prints it with {{pageStyle}}
// inside <head>. An admin's own template may leave the helper out and write its own <style> instead. Screen (a
// phone's width too) and print (A4, no background); no font file, no url(): the page loads nothing.
export const PAGE_STYLE = `<style>
@page { size: A4; margin: 14mm; }
* { box-sizing: border-box; }
html { background: #f4f5f7; }
body { margin: 0; color: #222; line-height: 1.5; font-size: 15px; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; }
main { max-width: 210mm; margin: 0 auto; padding: 18px 22px 32px; background: #fff; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.15em; margin: 1.4em 0 0.5em; padding-bottom: 2px; border-bottom: 2px solid #4e79a7; break-after: avoid; }
.meta, .note { color: #666; font-size: 0.9em; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5em, 1fr)); gap: 8px; margin: 0.6em 0; }
.kpi { border: 1px solid #dde1e6; border-radius: 6px; padding: 6px 10px; break-inside: avoid; }
.kpi .label { display: block; color: #666; font-size: 0.85em; }
.kpi .value { font-size: 1.4em; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f3f7; font-weight: 600; }
.n { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
ul { padding-left: 1.3em; margin: 0.3em 0; }
li, p { overflow-wrap: anywhere; }
figure { margin: 0.8em 0; break-inside: avoid; }
svg.chart { display: block; width: 100%; max-width: 640px; height: auto; }
.met-yes { color: #1a7f37; } .met-no { color: #c62828; }
@media (max-width: 600px) {
  main { padding: 10px 8px 24px; }
  table { font-size: 0.85em; }
  th, td { padding: 3px 3px; }
  .n { white-space: normal; }
  .opt { display: none; }
}
@media print {
  html, main { background: #fff; }
  main { max-width: none; padding: 0; }
  body { font-size: 11pt; }
}
</style>`;
