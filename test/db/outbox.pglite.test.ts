import { outboxContract } from './outbox.contract.ts';

outboxContract('pglite');
