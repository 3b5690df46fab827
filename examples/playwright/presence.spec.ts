// Drive the app in the browser, assert on the webhooks its broadcast server sends: who is present.
import { expect, test } from './fixtures.js';

test('members joining and leaving a presence channel, as the webhooks tell', async ({ page, appUrl, bin }) => {
  await page.goto(appUrl);
  await page.click('#join');
  await page.fill('#user', 'bob');
  await page.click('#join');

  const room = await bin.waitForChannel('presence-room-1', { occupied: true, members: ['alice', 'bob'], timeout: 5000 });
  expect(room.anomalies).toEqual([]);

  await page.fill('#user', 'alice');
  await page.click('#leave');
  await bin.waitForChannel('presence-room-1', { members: ['bob'] });

  // The order matters here: bob joined after alice, and alice left before the channel emptied.
  await page.fill('#user', 'bob');
  await page.click('#leave');
  await bin.expectSequence(
    [
      { name: 'member_added', channel: 'presence-room-1', userId: 'bob' },
      { name: 'member_removed', channel: 'presence-room-1', userId: 'alice' },
      { name: 'channel_vacated', channel: 'presence-room-1' },
    ],
    { within: 5000, after: 0 },
  );
  const events = await bin.waitForEvents({ name: 'member_added' }, { count: 2, after: 0 });
  expect(events.map((e) => e.request.signature.status)).toEqual(['valid', 'valid']);
});

test('the viewer shows the same state in its Channels panel', async ({ page, appUrl, bin }) => {
  await page.goto(appUrl);
  await page.click('#join');
  await bin.waitForChannel('presence-room-1', { members: ['alice'] });
  await page.goto(`${bin.viewerUrl}?view=channels&ch=presence-room-1`);
  await expect(page.locator('[data-testid=members] li')).toHaveText(['alice']);
});
