import { expect, type Locator, type Page } from '@playwright/test';
import type { TestUser } from '../../test/support/oidc-provider';

/** The dashboard's sign-in page and the test identity provider's password form behind it. */
export class SignInPage {
  constructor(readonly page: Page) {}

  get button(): Locator {
    return this.page.getByRole('button', { name: 'Sign in with your identity provider' });
  }

  get error(): Locator {
    return this.page.getByTestId('signin-error');
  }

  /** Opens `path` signed out, follows the redirect to sign-in and signs in as `user` through the IdP. */
  async signInAs(user: TestUser, path = '/clusters/sandbox/lanes') {
    await this.page.goto(path);
    await expect(this.page).toHaveURL(/\/signin\?callbackUrl=/);
    await this.button.click();
    await this.fillIdpForm(user);
    await this.page.waitForURL((url) => url.pathname === path);
  }

  async fillIdpForm(user: Pick<TestUser, 'login' | 'password'>) {
    await expect(this.page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible();
    await this.page.getByLabel('User').fill(user.login);
    await this.page.getByLabel('Password').fill(user.password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
