import type { segmentsZhCN } from './segments.zh-cn';

/** The Segments page (English). */
export const segmentsEn: Record<keyof typeof segmentsZhCN, string> = {
  'shell.navSegments': 'Segments',
  'segments.title': 'Patient segments',
  'segments.intro': 'Pick patients by conditions and see the count live; saved segments feed campaigns.',
  'segments.activity': 'Activity',
  'segments.any': 'Any',
  'segments.minSpend': 'Total spend at least (¥)',
  'segments.rfmGroup': 'RFM group',
  'segments.consent': 'Consented to marketing SMS',
  'segments.appointment': 'Booked appointment',
  'segments.appointmentYes': 'Has one',
  'segments.appointmentNo': 'Has none',
  'segments.tag': 'Tag',
  'segments.count': 'Matching: {count} patients',
  'segments.counting': 'Counting…',
  'segments.perClinic': 'Per clinic',
  'segments.sample': 'Sample patients',
  'segments.name': 'Segment name',
  'segments.save': 'Save segment',
  'segments.saved': 'Saved segments',
  'segments.none': 'No saved segments yet',
  'segments.dynamic': 'Dynamic',
  'segments.static': 'Frozen list ({count})',
  'segments.savedOk': 'Saved',
};
