/**
 * Option names that hold credentials. `config list` masks their values; nothing else prints
 * them. Matching by name keeps this provider-neutral: `clientSecret`, `accessToken`,
 * `refreshToken`, `password`, `apiKey`, `privateKey`... are caught, `clientId` is not.
 */
const SECRET_NAME = /secret|password|passwd|token|credential|api_?key|private_?key|^key$/i;

/** True when an option of this name holds a credential. */
export function isSecretOption(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** The value shown for a credential. */
export const MASK = '********';

/** Options with every credential's value masked. */
export function maskOptions(options: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(options).map(([name, value]) => [name, isSecretOption(name) ? MASK : value]),
  );
}
