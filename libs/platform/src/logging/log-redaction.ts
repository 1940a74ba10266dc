/** Query parameters whose values never reach a log line, whatever endpoint they were sent to. */
const SECRET_QUERY_KEYS = /^(password|passwordhash|currentpassword|newpassword|token|accesstoken|refreshtoken|secret|jwtsecret|authorization)$/i;

/** A request URL as logged: the values of secret-looking query parameters replaced. */
export function withoutSecrets(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const params = new URLSearchParams(url.slice(query + 1));
  let redacted = false;
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) {
      params.set(key, '[redacted]');
      redacted = true;
    }
  }
  return redacted ? `${url.slice(0, query)}?${params.toString()}` : url;
}
