// The support workflow of tests/it/scenario.rs, driven by Plain's official
// TypeScript SDK against plain-mock: the answers Plain would give, and the
// signed webhooks a local receiver gets. Run by scripts/ts-sdk-workflow,
// which starts plain-mock and passes its URL and signing secret:
//
//   PLAIN_MOCK_URL=http://127.0.0.1:PORT/graphql/v1 PLAIN_MOCK_API_KEY=KEY \
//   PLAIN_MOCK_SIGNING_SECRET=SECRET node --test workflow.test.mjs

import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import test from 'node:test';
import { PlainClient, uiComponent } from '@team-plain/typescript-sdk';

const url = process.env.PLAIN_MOCK_URL;
const apiKey = process.env.PLAIN_MOCK_API_KEY;
const secret = process.env.PLAIN_MOCK_SIGNING_SECRET;
/// The receiver keeps at most this many deliveries and lives this long.
const MAX_RECEIVED = 500;
const RECEIVER_LIFETIME_MS = 60_000;

/// A webhook receiver on 127.0.0.1: the first request is answered 503 (the
/// mock retries it), every later one 200 after its signature is checked.
async function receiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (received.length < MAX_RECEIVED) {
        received.push({ body, signature: req.headers['plain-request-signature'] ?? '' });
      }
      res.writeHead(received.length === 1 ? 503 : 200).end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const timer = setTimeout(() => server.close(), RECEIVER_LIFETIME_MS);
  const stop = () => {
    clearTimeout(timer);
    server.closeAllConnections();
    server.close();
  };
  return { url: `http://127.0.0.1:${server.address().port}/webhooks/plain`, received, stop };
}

/// The data of an SDK result, or a failed assertion naming its error.
function ok(result, what) {
  assert.equal(result.error, undefined, `${what}: ${JSON.stringify(result.error)}`);
  return result.data;
}

/// The first field error of a refused mutation.
function refusedField(result, what) {
  assert.ok(result.error, `${what} was not refused`);
  return result.error.errorDetails?.fields?.[0]?.field;
}

function signatureOk(body, signature) {
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const given = Buffer.from(String(signature));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the TypeScript SDK runs a support workflow against plain-mock', async () => {
  assert.ok(url && apiKey && secret, 'PLAIN_MOCK_URL, PLAIN_MOCK_API_KEY and PLAIN_MOCK_SIGNING_SECRET');
  const hook = await receiver();
  try {
    const client = new PlainClient({ apiKey, apiUrl: url });

    const eventTypes = [
      'customer.customer_created',
      'customer.customer_updated',
      'customer.customer_deleted',
      'thread.thread_created',
      'thread.thread_status_transitioned',
      'thread.thread_labels_changed',
      'thread.thread_priority_changed',
      'thread.thread_assignment_transitioned',
      'thread.note_created',
      'timeline.timeline_entry_changed',
    ];
    const target = ok(
      await client.createWebhookTarget({
        url: hook.url,
        description: 'ts-sdk workflow',
        isEnabled: true,
        eventSubscriptions: eventTypes.map((eventType) => ({ eventType })),
      }),
      'createWebhookTarget',
    );
    assert.match(target.id, /^wt_[0-9A-Z]{26}$/);

    const upsert = (fullName) =>
      client.upsertCustomer({
        identifier: { emailAddress: 'grace@example.com' },
        onCreate: { fullName, email: { email: 'grace@example.com', isVerified: true } },
        onUpdate: { fullName: { value: fullName } },
      });
    const created = ok(await upsert('Grace'), 'upsertCustomer');
    assert.equal(created.result, 'CREATED');
    assert.match(created.customer.id, /^c_[0-9A-Z]{26}$/);
    const customerId = created.customer.id;
    assert.equal(ok(await upsert('Grace Hopper'), 'upsertCustomer').result, 'UPDATED');
    assert.equal(ok(await upsert('Grace Hopper'), 'upsertCustomer').result, 'NOOP');

    const open = (externalId) =>
      client.createThread({ customerIdentifier: { customerId }, title: 'Cannot log in', externalId });
    const thread = ok(await open('ticket-1'), 'createThread');
    assert.match(thread.id, /^th_[0-9A-Z]{26}$/);
    assert.equal(thread.status, 'TODO');
    assert.equal(refusedField(await open('ticket-1'), 'a second createThread'), 'externalId');
    assert.equal(ok(await client.getThreadByRef({ ref: thread.ref }), 'getThreadByRef').id, thread.id);

    const event = () =>
      client.createThreadEvent({
        threadId: thread.id,
        title: 'Password reset',
        externalId: 'reset-1',
        components: [uiComponent.text({ text: 'Password reset sent' })],
      });
    const made = ok(await event(), 'createThreadEvent');
    assert.match(made.id, /^tev_[0-9A-Z]{26}$/);
    assert.equal(made.title, 'Password reset');
    assert.equal(refusedField(await event(), 'a second createThreadEvent'), 'externalId');

    const labelType = ok(await client.createLabelType({ name: 'Login' }), 'createLabelType');
    const labels = ok(
      await client.addLabels({ threadId: thread.id, labelTypeIds: [labelType.id] }),
      'addLabels',
    );
    assert.equal(labels.length, 1);
    assert.equal(labels[0].labelType.id, labelType.id);
    const snoozed = ok(
      await client.snoozeThread({ threadId: thread.id, durationSeconds: 3600 }),
      'snoozeThread',
    );
    assert.equal(snoozed.status, 'SNOOZED');
    assert.equal(ok(await client.markThreadAsDone({ threadId: thread.id }), 'markThreadAsDone').status, 'DONE');
    assert.equal(ok(await client.markThreadAsTodo({ threadId: thread.id }), 'markThreadAsTodo').status, 'TODO');
    assert.equal(
      ok(await client.changeThreadPriority({ threadId: thread.id, priority: 0 }), 'changeThreadPriority').priority,
      0,
    );
    const machineUserId = thread.createdBy.machineUserId;
    assert.match(machineUserId, /^mu_[0-9A-Z]{26}$/, 'the API key\'s machine user made the thread');
    const assigned = ok(await client.assignThread({ threadId: thread.id, machineUserId }), 'assignThread');
    assert.equal(assigned.assignedTo.id, machineUserId);
    const note = ok(
      await client.createNote({ customerId, threadId: thread.id, text: 'Reset link resent' }),
      'createNote',
    );
    assert.match(note.id, /^n_[0-9A-Z]{26}$/);
    ok(await client.removeLabels({ labelIds: [labels[0].id] }), 'removeLabels');
    assert.deepEqual(ok(await client.getThread({ threadId: thread.id }), 'getThread').labels, []);

    for (let n = 2; n <= 31; n++) ok(await open(`ticket-${n}`), 'createThread');
    const ids = [];
    let after;
    for (let page = 0; page < 10; page++) {
      const { threads, pageInfo } = ok(
        await client.getThreads({ filters: { customerIds: [customerId] }, first: 10, after }),
        'getThreads',
      );
      ids.push(...threads.map((t) => t.id));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    assert.equal(ids.length, 31);
    assert.equal(ids[0], thread.id);
    assert.deepEqual([...ids].sort(), ids, 'in the order made');

    ok(await client.deleteCustomer({ customerId }), 'deleteCustomer');
    assert.equal(ok(await client.getCustomerById({ customerId }), 'getCustomerById'), null);
    assert.equal(refusedField(await client.deleteCustomer({ customerId }), 'a second deleteCustomer'), 'customerId');

    // 12 changes before the 30 threads, the deletion after; the first
    // delivery was answered 503 and sent again.
    const expected = [
      'customer.customer_created',
      'customer.customer_updated',
      'thread.thread_created',
      'timeline.timeline_entry_changed',
      'thread.thread_labels_changed',
      'thread.thread_status_transitioned',
      'thread.thread_status_transitioned',
      'thread.thread_status_transitioned',
      'thread.thread_priority_changed',
      'thread.thread_assignment_transitioned',
      'thread.note_created',
      'thread.thread_labels_changed',
      ...Array(30).fill('thread.thread_created'),
      'customer.customer_deleted',
    ];
    await until(() => hook.received.length >= expected.length + 1, 30_000, 'the webhooks');
    const bodies = hook.received.slice(1).map(({ body, signature }) => {
      assert.ok(signatureOk(body, signature), `signature of ${body}`);
      return JSON.parse(body);
    });
    assert.deepEqual(
      bodies.map((b) => b.type),
      expected,
    );
    const first = JSON.parse(hook.received[0].body);
    assert.equal(first.webhookMetadata.webhookDeliveryAttemptNumber, 1);
    assert.equal(first.id, bodies[0].id, 'the retry is the same event');
    assert.equal(bodies[0].webhookMetadata.webhookDeliveryAttemptNumber, 2);
    assert.equal(bodies[2].payload.thread.id, thread.id);
    assert.equal(bodies[2].payload.thread.customer.id, customerId);
    assert.equal(bodies[3].payload.timelineEntry.entry.externalId, 'reset-1');
    assert.equal(bodies[5].payload.thread.status, 'SNOOZED');
    assert.equal(bodies[5].payload.previousThread.status, 'TODO');
    assert.equal(bodies[9].payload.thread.assignee.id, machineUserId);
    assert.equal(bodies[10].payload.note.text, 'Reset link resent');
  } finally {
    hook.stop();
  }
});
