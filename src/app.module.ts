import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RateLimitModule } from './adapters/http/rate-limit';
import { JobsModule } from './adapters/jobs/jobs.module';
import type { Database } from './adapters/prisma/database';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { AccessModule } from './modules/access/access.module';
import { ClockModule } from './modules/clock/clock.module';
import { EventsModule } from './modules/events/events.module';
import { HealthModule } from './modules/health/health.module';
import { Iso20022Module } from './modules/iso20022/iso20022.module';
import { LedgerModule } from './modules/ledger/ledger.module';
import { LiquidityModule } from './modules/liquidity/liquidity.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { QuotesModule } from './modules/quotes/quotes.module';
import { RegionsModule } from './modules/regions/regions.module';
import { ReportsModule } from './modules/reports/reports.module';
import { SettlementModule } from './modules/settlement/settlement.module';
import { SimulationsModule } from './modules/simulations/simulations.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { PRISMA, SQL } from './modules/shared/persistence';

const DATABASE = Symbol('DATABASE');

/** The configuration and the opened database, for every module; the database closes with the app. */
@Global()
@Module({})
class CoreProvidersModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  static register(config: AppConfig, database: Database): DynamicModule {
    return {
      module: CoreProvidersModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE, useValue: database },
        { provide: PRISMA, useValue: database.prisma },
        { provide: SQL, useValue: database.sql },
      ],
      exports: [APP_CONFIG, PRISMA, SQL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/** The whole service: one module per capability around the pure core, adapters chosen by configuration. */
@Module({})
export class AppModule {
  static register(config: AppConfig, database: Database): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreProvidersModule.register(config, database),
        CqrsModule.forRoot(),
        JobsModule.forRoot({ redisUrl: config.redisUrl, prefix: config.jobsPrefix }),
        RateLimitModule.forRoot(config.rateLimitPerSecond),
        AccessModule,
        HealthModule,
        // Express matches routes one by one in this order: the merchant's hot path goes first.
        QuotesModule,
        PaymentsModule,
        RegionsModule,
        SettlementModule,
        LiquidityModule,
        LedgerModule,
        SimulationsModule,
        Iso20022Module,
        EventsModule,
        WebhooksModule,
        ClockModule,
        ReportsModule,
      ],
    };
  }
}
