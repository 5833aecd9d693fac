import { version as VERSION } from '../../../package.json';
import { EXIT, type Command } from '../command.js';
import { output } from '../flags.js';
import { say } from '../report.js';
import { toJson, toYaml } from '../output.js';

export const version: Command = {
  name: 'version',
  summary: 'Print the isthmus version',
  usage: ['version [-o json|yaml]'],
  flags: [output(['json', 'yaml'])],
  examples: [{ comment: 'Which isthmus is this?', command: 'isthmus version' }],
  async run(ctx) {
    const info = { clientVersion: { version: VERSION, node: process.version, platform: `${process.platform}/${process.arch}` } };
    const format = ctx.args.string('output');
    if (format === 'json') ctx.io.out(toJson(info));
    else if (format === 'yaml') ctx.io.out(toYaml(info));
    else say(ctx, `isthmus ${VERSION} (node ${process.version}, ${process.platform}/${process.arch})`);
    return EXIT.ok;
  },
};
