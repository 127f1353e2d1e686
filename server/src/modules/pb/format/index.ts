export { columnIndex, metaValue, PB_SECTIONS, PbFormatError, readPb, writePb, type PbInstance, type PbSectionName, type PbTable } from './pb.js';
export { toCountingInput, voteType, type PbVoteType } from './counting-input.js';
