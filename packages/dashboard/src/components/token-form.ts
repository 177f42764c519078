import { css, html, LitElement } from 'lit';

/** Asks for the data API's bearer token after a 401; emits `token-entered` with the token. */
export class TokenForm extends LitElement {
  static override properties = { reason: {} };
  declare reason: string;

  static override styles = css`
    form { display: flex; flex-direction: column; gap: 0.5rem; max-width: 36rem; padding: 1rem; border: 1px solid #d5dbe3; border-radius: 8px; background: #fff; }
    input { font: inherit; padding: 0.4rem; }
    .reason { color: #b42318; }
  `;

  override render() {
    return html`<form @submit=${this.submit}>
      <label for="token">The data API wants its bearer token.</label>
      <span class="reason">${this.reason}</span>
      <input id="token" name="token" type="password" autocomplete="off" required placeholder="token printed by scientist up" />
      <button type="submit">Use token</button>
    </form>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const token = String(new FormData(form).get('token') ?? '').trim();
    if (token)
      this.dispatchEvent(new CustomEvent('token-entered', { detail: token, bubbles: true, composed: true }));
  }
}

customElements.define('token-form', TokenForm);
