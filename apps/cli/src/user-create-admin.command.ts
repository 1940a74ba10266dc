import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { MIN_PASSWORD_LENGTH, UsersService } from '@duban/auth';
import { DomainError } from '@duban/domain';
import { runCommand, UsageError } from './cli-context';

const USAGE = `usage: npm run user:create-admin -- [--username admin] [--generate | --password-stdin]
  (no option: asks for the password twice on the terminal)
  --generate        a random password, printed once; it must be changed at the first login
  --password-stdin  the password is the first line of standard input (scripts)`;

/**
 * The first admin of a deployment (which gets no demo users): `npm run user:create-admin`, or in the
 * compose file's image `docker compose run --rm migrate node dist/apps/cli/src/user-create-admin.command.js`.
 * A password typed or piped in is the admin's own; a generated one is printed once and must be changed.
 */
void runCommand('user:create-admin', async (context) => {
  const { values } = parseArgs({
    options: {
      username: { type: 'string', default: 'admin' },
      generate: { type: 'boolean', default: false },
      'password-stdin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  if (values.generate && values['password-stdin']) throw new UsageError(`--generate and --password-stdin exclude each other\n${USAGE}`);
  const username = values.username;

  let password: string;
  if (values.generate) password = randomBytes(18).toString('base64url');
  else if (values['password-stdin'] || !process.stdin.isTTY) password = await firstLineOfStdin();
  else {
    password = await ask(`password for ${username} (at least ${MIN_PASSWORD_LENGTH} characters): `);
    if ((await ask('the same password again: ')) !== password) throw new UsageError('the two passwords differ; nothing was created');
  }

  try {
    const user = await context.get(UsersService).create({ username, password, unitId: null, roles: ['admin'], mustChangePassword: values.generate });
    process.stdout.write(`created the admin ${user.username} (user ${user.id})\n`);
    if (values.generate) {
      process.stdout.write(
        `its password, shown this once: ${password}\nit must be changed at the first login (the console asks; or POST /api/v1/auth/password)\n`,
      );
    }
  } catch (error) {
    if (error instanceof DomainError) throw new UsageError(`${error.reasons.join('; ')} (${error.code}); nothing was created`);
    throw error;
  }
});

async function firstLineOfStdin(): Promise<string> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new UsageError('no password on standard input');
}

/** Asks on the terminal without echoing what is typed. */
function ask(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = (terminal as unknown as { _writeToOutput: (text: string) => void })._writeToOutput.bind(terminal);
  let asked = false;
  (terminal as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text: string) => {
    // the question is shown; what the user types is not
    if (!asked) write(text);
  };
  return new Promise((resolve) => {
    terminal.question(question, (answer) => {
      terminal.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    asked = true;
  });
}
