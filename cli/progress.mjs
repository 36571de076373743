// A one-line progress display on stderr, only when stderr is a terminal (nothing of it in pipes
// or CI logs), redrawn at most 10 times a second.
export class Progress {
  constructor(enabled = process.stderr.isTTY === true) {
    this.enabled = enabled;
    this.last = 0;
    this.shown = false;
  }
  update(text, fraction) {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    let bar = "";
    if (Number.isFinite(fraction)) {
      const f = Math.max(0, Math.min(1, fraction));
      const width = 24;
      const full = Math.round(f * width);
      bar = `[${"#".repeat(full)}${"-".repeat(width - full)}] ${String(Math.round(f * 100)).padStart(3)}%  `;
    }
    process.stderr.write(`\r${bar}${text}\x1b[K`);
    this.shown = true;
  }
  done() {
    if (this.shown) process.stderr.write("\r\x1b[K");
    this.shown = false;
  }
}
