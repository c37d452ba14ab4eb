// Headless Chromium from the system (Debian's `chromium`), driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: requests on fd 3, answers on fd 4, NUL-separated JSON), with no library and no browser
// download. For the HTML report test: load a page, collect console errors and every network request, evaluate in it.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The browser's executable on PATH, or null. */
export function findChromium(): string | null {
  for (const name of CANDIDATES) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** Why the browser tests cannot run, or null when they can (with CI=true a missing browser is a failure, not a skip). */
export function chromiumSkipReason(): string | null {
  if (findChromium()) return null;
  if (process.env.CI === 'true') throw new Error('CI=true but no Chromium on PATH: .ci/run installs Debian\'s chromium');
  return 'no chromium on PATH (apt-get install chromium)';
}

export interface PageReport {
  consoleErrors: string[];
  /** Every request the page made (its own file:// load included). */
  requests: string[];
  evaluate<T>(expression: string): Promise<T>;
  screenshot(): Promise<Buffer>;
}

type Message = { id?: number; method?: string; params?: Record<string, any>; result?: any; error?: { message: string }; sessionId?: string };

export class Chromium {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private listeners: ((m: Message) => void)[] = [];
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly profile: string,
  ) {
    // A browser that dies fails what waits for it instead of leaving the test to time out.
    child.once('exit', (code, signal) => {
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited (${code ?? signal})`));
      this.pending.clear();
    });
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (message.id !== undefined && this.pending.has(message.id)) {
          const p = this.pending.get(message.id)!;
          this.pending.delete(message.id);
          if (message.error) p.reject(new Error(message.error.message));
          else p.resolve(message.result);
        } else this.listeners.forEach((l) => l(message));
      }
    });
  }

  /** Starts the browser: headless, a throwaway profile, every network request sent to a proxy that does not exist. */
  static async launch(): Promise<Chromium> {
    const exe = findChromium();
    if (!exe) throw new Error('no chromium');
    const profile = mkdtempSync(join(tmpdir(), 'club-chromium-'));
    const child = spawn(
      exe,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--proxy-server=127.0.0.1:9',
        '--proxy-bypass-list=<-loopback>',
        `--user-data-dir=${profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    return new Chromium(child, profile);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<any> {
    const id = this.nextId++;
    const out = this.child.stdio[3] as Writable;
    out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Opens `url` in a new tab of `width`×`height` CSS pixels and waits for its load event. */
  async open(url: string, width = 1000, height = 800): Promise<PageReport> {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    let loaded: () => void = () => undefined;
    const load = new Promise<void>((resolve) => (loaded = resolve));
    this.listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === 'Runtime.consoleAPICalled' && (m.params?.type === 'error' || m.params?.type === 'assert')) consoleErrors.push(JSON.stringify(m.params?.args));
      if (m.method === 'Runtime.exceptionThrown') consoleErrors.push(String(m.params?.exceptionDetails?.text));
      if (m.method === 'Log.entryAdded' && m.params?.entry?.level === 'error') consoleErrors.push(String(m.params.entry.text));
      if (m.method === 'Network.requestWillBeSent') requests.push(String(m.params?.request?.url));
      if (m.method === 'Page.loadEventFired') loaded();
    });
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await this.send(`${domain}.enable`, {}, sessionId);
    await this.send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false }, sessionId);
    await this.send('Page.navigate', { url }, sessionId);
    await load;
    // Let late requests (fonts, images) start: they would show in `requests`.
    await new Promise((r) => setTimeout(r, 300));
    return {
      consoleErrors,
      requests,
      evaluate: async <T>(expression: string): Promise<T> => {
        const r = await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
        if (r.exceptionDetails) throw new Error(`evaluate: ${r.exceptionDetails.text}`);
        return r.result.value as T;
      },
      screenshot: async () => {
        const { data } = await this.send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true }, sessionId);
        return Buffer.from(data, 'base64');
      },
    };
  }

  async close(): Promise<void> {
    await this.send('Browser.close').catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    rmSync(this.profile, { recursive: true, force: true });
  }
}
