import { Module } from '@nestjs/common';
import { CloseOutReadService } from './close-out/close-out-read.service';
import { ContributionReadService } from './contributions/contribution-read.service';
import { ContributionStore } from './contributions/contribution.store';
import { TaskHandlersStore } from './handlers/task-handlers.store';
import { TaskAccessService } from './task-access.service';
import { TaskFactsService } from './task-facts.service';
import { TaskFlagsStore } from './task-flags.store';
import { TaskImportStore } from './task-import.store';
import { TaskLinksStore } from './task-links.store';
import { TaskListService } from './task-list.service';
import { TaskReadService } from './task-read.service';
import { TaskStore } from './task.store';
import { SearchService } from './search/search.service';
import { SearchActivityStore } from './search/search-activity.store';
import { TaskParentLinkStore } from './cascade/task-parent-link.store';
import { JurisdictionTreeCache } from './cascade/jurisdiction-tree.cache';
import { TaskRollupService } from './cascade/task-rollup.service';
import { UnitsModule } from '@duban/units';
import { SubmissionDraftReadService } from './sign-off/submission-draft-read.service';
import { SubmissionDraftStore } from './sign-off/submission-draft.store';

const PROVIDERS = [
  TaskStore,
  TaskLinksStore,
  TaskImportStore,
  TaskFlagsStore,
  TaskReadService,
  TaskListService,
  TaskAccessService,
  TaskFactsService,
  ContributionStore,
  ContributionReadService,
  CloseOutReadService,
  TaskHandlersStore,
  SubmissionDraftStore,
  SubmissionDraftReadService,
  SearchService,
  SearchActivityStore,
  TaskParentLinkStore,
  JurisdictionTreeCache,
  TaskRollupService,
];

/** Tasks: the stores of tasks and what hangs off them (units, events, milestones, targets, indicator values, contributions, handlers), and their reads. */
@Module({
  imports: [UnitsModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class TasksModule {}
