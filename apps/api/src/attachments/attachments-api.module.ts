import { Module } from '@nestjs/common';
import { AttachmentsModule } from '@duban/attachments';
import { AttachmentsController } from './attachments.controller';

/** Routes: /attachments. */
@Module({
  imports: [AttachmentsModule],
  controllers: [AttachmentsController],
})
export class AttachmentsApiModule {}
