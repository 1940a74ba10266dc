import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ALL_TIMER_KINDS, type AnyTimerKind } from '@duban/domain';
import { TIMER_HANDLER, type TimerHandler } from './timer-handler';

/**
 * Finds the handler of each kind of timer among the process's providers (marked @HandlesTimer) and
 * refuses to start when a kind has none or two: a timer that fires with nobody to apply it would be
 * marked fired and lost.
 */
@Injectable()
export class TimerHandlerRegistry implements OnApplicationBootstrap {
  private readonly handlers = new Map<string, TimerHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const found = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type || wrapper.isAlias || !wrapper.instance) continue;
      const kind = this.reflector.get<AnyTimerKind | undefined>(TIMER_HANDLER, type);
      if (!kind) continue;
      found.set(kind, [...(found.get(kind) ?? []), type.name]);
      this.handlers.set(kind, wrapper.instance as TimerHandler);
    }
    const problems = timerHandlerProblems(found);
    if (problems.length > 0) throw new Error(`the timer handlers are not one per kind: ${problems.join('; ')}`);
  }

  handlerOf(kind: string): TimerHandler | undefined {
    return this.handlers.get(kind);
  }
}

/** A kind without a handler, with two, or a handler of no known kind. */
export function timerHandlerProblems(found: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const kind of ALL_TIMER_KINDS) {
    const names = found.get(kind) ?? [];
    if (names.length === 0) problems.push(`timer kind ${kind} has no handler`);
    if (names.length > 1) problems.push(`timer kind ${kind} has ${names.length} handlers: ${names.join(', ')}`);
  }
  for (const [kind, names] of found)
    if (!(ALL_TIMER_KINDS as readonly string[]).includes(kind)) problems.push(`${names.join(', ')} handle unknown timer kind ${kind}`);
  return problems;
}
