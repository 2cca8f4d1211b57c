import { readFileSync } from 'node:fs';
import { withDeviceHub } from '../fixtures/apps/device-hub/with-device-hub';
import { cacheSettingsTable, README_FILE, withCacheSettings } from '../../src/readme-settings';

describe("README's cache settings table", () => {
  it('is what the endpoint declarations say (run `npm run readme:emit` after changing one)', () => {
    const readme = readFileSync(README_FILE, 'utf8');
    expect(withCacheSettings(readme)).toBe(readme);
  });

  it("gains a row for a new app's cached endpoint, with its variable and default", () => {
    expect(cacheSettingsTable(withDeviceHub)).toContain('| `CACHE_TTL_DEVICE_HUB_DEVICES` | `30` | seconds `GET /device-hub/devices/:device_id` answers are cached');
  });
});
