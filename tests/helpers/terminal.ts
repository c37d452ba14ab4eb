// A terminal for a prompt test: the input its keypresses are written to, and the screen it drew, colour and cursor
// codes out (what a person reads).
import { PassThrough, Writable } from 'node:stream';

export function fakeTerminal(): { input: PassThrough; output: Writable; screen: () => string } {
  let text = '';
  const output = new Writable({
    write(chunk, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { input: new PassThrough(), output, screen: () => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') };
}
