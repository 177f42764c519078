import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Calls `refresh` every `intervalMs` while the page is visible, and once as soon as it becomes
 * visible again: a hidden tab costs the data API nothing.
 */
export class RefreshController implements ReactiveController {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly refresh: () => void,
    private readonly intervalMs = 5000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    this.start();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stop();
  }

  private readonly onVisibilityChange = () => {
    if (document.visibilityState === 'visible') {
      this.refresh();
      this.start();
    } else {
      this.stop();
    }
  };

  private start(): void {
    this.stop();
    this.timer = setInterval(() => this.refresh(), this.intervalMs);
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
