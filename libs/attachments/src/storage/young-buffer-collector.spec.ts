import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { YoungBufferCollector } from './young-buffer-collector';

describe('YoungBufferCollector', () => {
  it('asks for one scavenge of the young generation per `everyBytes` received, not before', () => {
    const collect = jest.fn();
    const collector = new YoungBufferCollector(1000, collect);
    collector.count(600);
    expect(collect).not.toHaveBeenCalled();
    collector.count(600);
    expect(collect).toHaveBeenCalledTimes(1);
    expect(collect).toHaveBeenCalledWith({ type: 'minor', execution: 'sync' });
    // the count starts again after a collection
    collector.count(900);
    expect(collect).toHaveBeenCalledTimes(1);
    collector.count(100);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it('runs a scavenge in this process with V8’s own collector, without defining `gc` on the global object', async () => {
    const globalGc = (globalThis as { gc?: unknown }).gc;
    const scavenges: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => scavenges.push(...list.getEntries()));
    observer.observe({ entryTypes: ['gc'] });
    try {
      new YoungBufferCollector(1).count(2);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      observer.disconnect();
    }
    expect(scavenges.some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)).toBe(
      true,
    );
    expect((globalThis as { gc?: unknown }).gc).toBe(globalGc);
  });

  it('does nothing where no collector can be had', () => {
    expect(() => new YoungBufferCollector(1, null).count(10)).not.toThrow();
  });
});
