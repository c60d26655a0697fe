import { authnRestart } from './authn-restart.fault';
import { brokerOutage } from './broker-outage.fault';
import { postgresOutage } from './postgres-outage.fault';
import { redelivery } from './redelivery.fault';

/**
 * The fault tests of issue 8, in one file so that they run one at a time (jest runs files in parallel). Each breaks
 * only what it started: its own private broker, a TCP fault proxy in front of its own database, its own authn.
 */
describe('faults survived, invariants checked afterwards', () => {
  brokerOutage();
  postgresOutage();
  authnRestart();
  redelivery();
});
