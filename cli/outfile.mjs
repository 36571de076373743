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
    if (!this.stream.write(text)) await this.until("drain");
    if (this.error) throw this.error;
  }
  async close() {
    this.stream.end();
    if (!this.stream.writableFinished) await this.until("finish");
    if (this.error) throw this.error;
  }
  /** Waits for `event` or an error, and removes both listeners again (a `once` per write left
   * one error listener behind each time the stream was full: a leak over a large file). */
  until(event) {
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off(event, done);
        this.stream.off("error", done);
        resolve();
      };
      this.stream.on(event, done);
      this.stream.on("error", done);
    });
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
