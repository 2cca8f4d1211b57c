import { readFileSync } from 'node:fs';
import { withDeviceHub } from '../fixtures/apps/device-hub/with-device-hub';
import { cacheSettingsTable, CONFIGURATION_PAGE, settingsTable, withGeneratedTables } from '../../src/docs-emit';
import { SETTINGS } from '../../src/settings';

describe('docs/configuration.md', () => {
  it('is what the declarations say (run `npm run docs:emit` after changing one)', () => {
    const page = readFileSync(CONFIGURATION_PAGE, 'utf8');
    expect(withGeneratedTables(page)).toBe(page);
  });

  it('has one row per declared setting, with its default and its docs page', () => {
    const table = settingsTable();
    for (const setting of Object.values(SETTINGS)) expect(table).toContain(`| \`${setting.variable}\` | ${setting.shown} |`);
    expect(table).toContain('| `PORT` | `4000` | port of the gateway (`0`: any free port) ([operations](operations.md)) |');
  });

  it("gains a row for a new app's cached endpoint, with its variable and default", () => {
    expect(cacheSettingsTable(withDeviceHub)).toContain(
      '| `CACHE_TTL_DEVICE_HUB_DEVICES` | `30` | seconds `GET /device-hub/devices/:device_id` answers are cached',
    );
  });
});
