// The page's side of the worker (src/worker.js): requests become promises; cancel() ends the
// worker, with whatever it was computing, and starts a fresh one.
export class Engine {
  constructor(onReady) {
    this.onReady = onReady;
    this.pending = new Map();
    this.next = 1;
    this.start();
  }

  start() {
    this.ready = new Promise((resolve, reject) => {
      // The first worker is started by index.html before this bundle loads, so that the
      // module's download and compilation overlap the page's own; its "ready" is kept there.
      const early = window.chainruleWorker;
      window.chainruleWorker = null;
      this.worker = early?.worker ?? new Worker("worker.js");
      if (early?.ready) queueMicrotask(() => this.worker.onmessage({ data: { ready: true } }));
      this.worker.onmessage = (event) => {
        const message = event.data;
        if (message.ready) {
          resolve();
          this.onReady?.();
        } else if (message.failed) {
          reject(new Error(message.failed));
        } else {
          const entry = this.pending.get(message.id);
          this.pending.delete(message.id);
          entry?.resolve(message.answer);
        }
      };
      this.worker.onerror = (event) => {
        for (const entry of this.pending.values()) entry.reject(new Error(event.message || "the worker stopped"));
        this.pending.clear();
      };
    });
  }

  // The answer of docs/web.md: {status, stdout, stderr, diagnostics}.
  async run(args, files = {}) {
    await this.ready;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, arguments: args, files });
    });
  }

  busy() {
    return this.pending.size > 0;
  }

  cancel() {
    this.worker.terminate();
    for (const entry of this.pending.values()) entry.reject(new Error("cancelled"));
    this.pending.clear();
    this.start();
  }
}
