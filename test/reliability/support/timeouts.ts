// faults are injected into real processes: restarts and bursts take their time (every wait has its own bound)
jest.setTimeout(180_000);
