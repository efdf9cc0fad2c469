import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Body bytes the client had handed to the socket when the answer came (or the server closed the connection). */
  bytesSent: number;
  /** Set when the server closed the connection before its answer could be read (e.g. EPIPE, ECONNRESET): status is 0. */
  cutOff?: string;
}

/**
 * A POST whose body is written piece by piece (with backpressure) until the server answers or `total` bytes are
 * sent; with `declaredLength` it claims that Content-Length (and may send less), else it is chunked. An answer that
 * comes while most of the body was never sent shows the server refused it without reading it.
 */
export function postStreaming(url: string, options: { headers?: Record<string, string>; piece: Buffer; total: number; declaredLength?: number; first?: Buffer; timeoutMs?: number }): Promise<RawAnswer> {
  const { piece, total, declaredLength, first, timeoutMs = 30_000 } = options;
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const headers = { ...(options.headers ?? {}), ...(declaredLength !== undefined ? { 'content-length': String(declaredLength) } : {}) };
    const req = http.request(url, { method: 'POST', headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms (${bytesSent} bytes sent)`));
    }, timeoutMs);
    req.on('response', (res) => {
      answered = true;
      const sentWhenAnswered = bytesSent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, bytesSent: sentWhenAnswered });
      });
    });
    // The server closes the connection after refusing: writes after that fail, and the answer may be lost with them.
    req.on('error', (err: Error & { code?: string }) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') resolve({ status: 0, headers: {}, body: '', bytesSent, cutOff: err.code });
      else reject(err);
    });
    const write = async () => {
      if (first) {
        req.write(first);
        bytesSent += first.length;
      }
      while (!answered && bytesSent < total && !req.destroyed) {
        const chunk = piece.subarray(0, Math.min(piece.length, total - bytesSent));
        bytesSent += chunk.length;
        if (!req.write(chunk)) await new Promise<void>((r) => {
          const done = () => {
            req.off('drain', done);
            clearInterval(poll);
            r();
          };
          // Waits for the socket to take more, or for the answer (then nothing more is written).
          const poll = setInterval(() => (answered || req.destroyed) && done(), 20);
          req.once('drain', done);
        });
      }
      if (!answered && !req.destroyed && declaredLength === undefined) req.end();
    };
    void write();
  });
}

/** A GET with exactly these headers (fetch would add its own), answered or refused by Node's parser. */
export function rawGet(url: string, headers: Record<string, string>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, bytesSent: 0 }));
    });
    req.on('error', reject);
    req.end();
  });
}
