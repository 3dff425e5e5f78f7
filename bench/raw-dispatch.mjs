// A raw request through undici's dispatch API, the reply read whole: the tightest loop undici
// allows, and what the core transport is built on. The benches compare against it as well as
// against undici's request(), which wraps each reply in a stream.
export function dispatchRequest(agent, url, { method = 'POST', headers, body }) {
  const { origin, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks = [];
    let statusCode = 0;
    let replyHeaders = {};
    agent.dispatch(
      { origin, path: pathname + search, method, headers, body },
      {
        onRequestStart() {},
        onResponseStart(controller, status, responseHeaders) {
          statusCode = status;
          replyHeaders = responseHeaders;
        },
        onResponseData(controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve({ statusCode, headers: replyHeaders, text: Buffer.concat(chunks).toString() });
        },
        onResponseError(controller, error) {
          reject(error);
        },
      },
    );
  });
}
