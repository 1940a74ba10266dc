import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { toBoolean, toInteger } from './env-transforms';
import { NoticeChannelVariables, noticeChannelConfigOf, type NoticeChannelConfig, OPTIONAL_NOTICE_CHANNEL_VARIABLES } from './notice-channel-config';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

export type ClockMode = 'system' | 'simulated';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** `auto`: readable lines on a terminal, JSON lines otherwise */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** The environment as operators write it; every name here is documented in the README. */
export class EnvironmentVariables extends NoticeChannelVariables {
  @IsString()
  @Matches(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, { message: 'DATABASE_URL must look like postgres://user@host:5432/database' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/duban';

  @IsString()
  @Matches(/^rediss?:\/\/[^/]+(\/\d+)?$/, { message: 'REDIS_URL must look like redis://host:6379/0' })
  REDIS_URL = 'redis://127.0.0.1:6379/0';

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'QUEUE_PREFIX must be 1-64 letters, digits, _ or -' })
  QUEUE_PREFIX = 'duban';

  @Transform(toInteger)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @Matches(/^[\w.:-]{1,253}$/, { message: 'HOST must be an address or host name such as 0.0.0.0 or 127.0.0.1' })
  HOST = '0.0.0.0';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInteger)
  @IsInt({ message: 'ACCESS_TOKEN_MINUTES must be an integer' })
  @Min(1)
  @Max(60)
  ACCESS_TOKEN_MINUTES = 15;

  @Transform(toInteger)
  @IsInt({ message: 'SESSION_HOURS must be an integer' })
  @Min(1)
  @Max(24 * 30)
  SESSION_HOURS = 12;

  @IsIn(['system', 'simulated'], { message: 'CLOCK_MODE must be system or simulated' })
  CLOCK_MODE: ClockMode = 'system';

  @ValidateIf((env: EnvironmentVariables) => env.CLOCK_MODE === 'simulated' || env.CLOCK_START !== undefined)
  @IsISO8601({ strict: true }, { message: 'CLOCK_START must be an ISO-8601 date or time (required when CLOCK_MODE=simulated)' })
  CLOCK_START?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'SEED_ON_START must be true or false' })
  SEED_ON_START = false;

  @IsString()
  @MinLength(12, { message: 'DEMO_PASSWORD must be at least 12 characters' })
  DEMO_PASSWORD = 'duban-demo-2021';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(['auto', 'json', 'pretty'], { message: 'LOG_FORMAT must be auto, json or pretty' })
  LOG_FORMAT: LogFormat = 'auto';

  @Transform(toInteger)
  @IsInt({ message: 'DB_POOL_SIZE must be an integer' })
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @IsString()
  @Matches(/^\d+(kb|mb)$/i, { message: 'BODY_LIMIT must look like 100kb or 12mb' })
  BODY_LIMIT = '12mb';

  @IsString()
  @Matches(/^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?))*$/i, {
    message: 'TRUST_PROXY must list proxy addresses or subnets, comma-separated (e.g. loopback,172.16.0.0/12)',
  })
  TRUST_PROXY = 'loopback';

  @Transform(toInteger)
  @IsInt({ message: 'TIMER_LEASE_SECONDS must be an integer' })
  @Min(1)
  @Max(3600)
  TIMER_LEASE_SECONDS = 20;

  @Transform(toInteger)
  @IsInt({ message: 'CLOCK_TICK_MS must be an integer' })
  @Min(10)
  @Max(60_000)
  CLOCK_TICK_MS = 100;

  @Transform(toInteger)
  @IsInt({ message: 'TIMER_CONCURRENCY must be an integer' })
  @Min(1)
  @Max(64)
  TIMER_CONCURRENCY = 8;

  @Transform(toInteger)
  @IsInt({ message: 'AUTH_USER_CACHE_MS must be an integer' })
  @Min(0)
  @Max(60_000)
  AUTH_USER_CACHE_MS = 1_000;

  @IsString()
  @MinLength(1)
  DEFAULT_JURISDICTION = '鄂尔多斯市';

  @IsString()
  @Matches(/^[A-Za-z_]+\/[A-Za-z_]+$/, { message: 'PLAN_TIMEZONE must be an IANA zone such as Asia/Shanghai' })
  PLAN_TIMEZONE = 'Asia/Shanghai';

  @Transform(toInteger)
  @IsInt({ message: 'IDEMPOTENCY_KEY_TTL_SECONDS must be an integer' })
  @Min(1)
  @Max(30 * 86_400)
  IDEMPOTENCY_KEY_TTL_SECONDS = 86_400;
  @IsString()
  @MinLength(1)
  STORAGE_DIR = 'data/attachments';

  @IsOptional()
  @IsString()
  @Matches(/^s3:\/\/([^/?#:@]+(:[^/?#@]*)?@)?[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^?#]*)?(\?.*)?$/, {
    message:
      'STORAGE_URL must look like s3://bucket?endpoint=http://127.0.0.1:9000&region=us-east-1 (credentials as s3://key:secret@bucket or AWS_* variables)',
  })
  STORAGE_URL?: string;

  @Transform(toInteger)
  @IsInt({ message: 'ATTACHMENTS_MAX_BYTES must be an integer' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  ATTACHMENTS_MAX_BYTES = 50 * 1024 * 1024;

  @Transform(toInteger)
  @IsInt({ message: 'ATTACHMENTS_UNIT_QUOTA_BYTES must be an integer' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  ATTACHMENTS_UNIT_QUOTA_BYTES = 10 * 1024 * 1024 * 1024;
}

export interface AppConfig extends NoticeChannelConfig {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  port: number;
  /** the address the api listens on */
  host: string;
  jwtSecret: string;
  jwtSecretGenerated: boolean;
  /** how long an access token lives (wall-clock minutes); the refresh cookie gets the next one */
  accessTokenMinutes: number;
  /** how long a session (a login and its refreshes) lives at most, in wall-clock hours */
  sessionHours: number;
  /** NODE_ENV=production: no generated secret, no demo users */
  production: boolean;
  clockMode: ClockMode;
  clockStart: string | null;
  seedOnStart: boolean;
  demoPassword: string;
  logLevel: LogLevel;
  logFormat: LogFormat;
  dbPoolSize: number;
  timerLeaseSeconds: number;
  /** how often a worker's tick claims due timers */
  clockTickMs: number;
  /** chunks of timers one worker fires side by side */
  timerConcurrency: number;
  /** how long the auth guard may answer from the user it read (0: read on every request) */
  authUserCacheMs: number;
  bodyLimit: string;
  /** the proxies whose X-Forwarded-For the api believes (addresses, subnets, or loopback/linklocal/uniquelocal) */
  trustProxy: string[];
  defaultJurisdiction: string;
  planTimezone: string;
  /** how long an Idempotency-Key answers with its first answer; after that the same key is a new request */
  idempotencyKeyTtlSeconds: number;
  /** attachments' objects on disk (absolute), and where uploads are staged in either storage mode */
  storageDir: string;
  /** `s3://bucket?endpoint=…`: attachments in S3-compatible object storage instead of storageDir */
  storageUrl: string | null;
  /** the largest attachment, in bytes */
  attachmentsMaxBytes: number;
  /** the bytes of attachments one unit may keep */
  attachmentsUnitQuotaBytes: number;
}

const CONSTRAINT_PREFERENCE = ['isInt', 'isBoolean', 'isIn', 'isIso8601', 'matches', 'isString', 'minLength', 'min', 'max'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const raw: Record<string, string> = {};
  for (const name of [...known, 'JWT_SECRET', 'CLOCK_START', 'STORAGE_URL', ...OPTIONAL_NOTICE_CHANNEL_VARIABLES]) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const parsed = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(parsed, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const constraints = e.constraints ?? {};
      // the type check says most; range and length checks only make sense for a value of the right type
      const key = CONSTRAINT_PREFERENCE.find((name) => name in constraints) ?? Object.keys(constraints)[0];
      return `${e.property}=${JSON.stringify(raw[e.property] ?? '')}: ${(key && constraints[key]) || 'invalid'}`;
    });
    throw new ConfigError(problems);
  }
  return {
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    queuePrefix: parsed.QUEUE_PREFIX,
    port: parsed.PORT,
    host: parsed.HOST,
    jwtSecret: parsed.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: parsed.JWT_SECRET === undefined,
    accessTokenMinutes: parsed.ACCESS_TOKEN_MINUTES,
    sessionHours: parsed.SESSION_HOURS,
    production: env.NODE_ENV === 'production',
    clockMode: parsed.CLOCK_MODE,
    clockStart: parsed.CLOCK_START ?? null,
    seedOnStart: parsed.SEED_ON_START,
    demoPassword: parsed.DEMO_PASSWORD,
    logLevel: parsed.LOG_LEVEL,
    logFormat: parsed.LOG_FORMAT,
    dbPoolSize: parsed.DB_POOL_SIZE,
    timerLeaseSeconds: parsed.TIMER_LEASE_SECONDS,
    clockTickMs: parsed.CLOCK_TICK_MS,
    timerConcurrency: parsed.TIMER_CONCURRENCY,
    authUserCacheMs: parsed.AUTH_USER_CACHE_MS,
    bodyLimit: parsed.BODY_LIMIT,
    trustProxy: parsed.TRUST_PROXY.split(',').map((part) => part.trim()),
    defaultJurisdiction: parsed.DEFAULT_JURISDICTION,
    planTimezone: parsed.PLAN_TIMEZONE,
    idempotencyKeyTtlSeconds: parsed.IDEMPOTENCY_KEY_TTL_SECONDS,
    storageDir: resolve(parsed.STORAGE_DIR),
    storageUrl: parsed.STORAGE_URL ?? null,
    attachmentsMaxBytes: parsed.ATTACHMENTS_MAX_BYTES,
    attachmentsUnitQuotaBytes: parsed.ATTACHMENTS_UNIT_QUOTA_BYTES,
    ...noticeChannelConfigOf(parsed),
  };
}

/** Hides the password of a connection URL so it can be printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
  }
}
