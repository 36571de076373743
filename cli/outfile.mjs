// A file written as a stream (backpressure honoured), removed again when the run fails.
import { createWriteStream, rmSync } from "node:fs";
import { once } from "node:events";

export class OutFile {
  constructor(file) {
    this.file = file;
    this.stream = createWriteStream(file);
    this.error = null;
    this.stream.on("error", (e) => (this.error = e));
  }
  async write(text) {
    if (this.error) throw this.error;
    if (!this.stream.write(text)) await Promise.race([once(this.stream, "drain"), once(this.stream, "error")]);
    if (this.error) throw this.error;
  }
  async close() {
    this.stream.end();
    if (!this.stream.writableFinished) await Promise.race([once(this.stream, "finish"), once(this.stream, "error")]);
    if (this.error) throw this.error;
  }
  async abort() {
    // A stream destroyed before its file is open still opens (creates) it: wait for the close.
    if (!this.stream.closed) {
      const closed = once(this.stream, "close").catch(() => {});
      this.stream.destroy();
      await closed;
    }
    rmSync(this.file, { force: true });
  }
}
