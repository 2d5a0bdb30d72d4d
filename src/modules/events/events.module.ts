import { Global, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { EventsHttpController } from './events.http.controller';
import { GetEventHandler, ListEventsHandler } from './queries/events.queries';

/**
 * Events: the outbox every state change writes to in its own transaction, and the API to read it.
 * Global, because payments, settlement and webhooks all record events.
 */
@Global()
@Module({
  controllers: [EventsHttpController],
  providers: [EventOutbox, GetEventHandler, ListEventsHandler],
  exports: [EventOutbox],
})
export class EventsModule {}
