/**
 * The announcement form: title and text in Malay and English (both required, as the database and the
 * SDK's schema require), the audience the writer may address (administrators: anyone; supervisors:
 * their state or its districts; officers: their districts) with about how many people it would reach,
 * and a preview of both languages as the public will read them.
 */
import { Box, Card, CardContent, Divider, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useWatch } from 'react-hook-form';
import {
  FormDataConsumer,
  maxLength,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  useDataProvider,
  useLocaleState,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { Permissions } from '../roles.ts';
import { riskStatuses } from '../persons/PersonList.tsx';
import type { SejahteraDataProvider } from '../providers/dataProvider.ts';
import { targetOf } from '../providers/announcements.ts';

function targetKinds(role: Permissions['role'] | undefined): string[] {
  if (role === 'admin') return ['everyone', 'state', 'district', 'status'];
  if (role === 'supervisor') return ['state', 'district'];
  return ['district'];
}

function districtFilter(permissions: Permissions | undefined): Record<string, string> {
  if (permissions?.role === 'officer') return { 'code@in': `(${permissions.districts.join(',')})` };
  if (permissions?.role === 'supervisor' && permissions.stateCode) return { state_code: permissions.stateCode };
  return {};
}

const Preview = () => {
  const translate = useTranslate();
  const title = useWatch({ name: 'title' }) as { ms?: string; en?: string } | undefined;
  const body = useWatch({ name: 'body' }) as { ms?: string; en?: string } | undefined;
  return (
    <Card variant="outlined" component="section" aria-label={translate('sejahtera.announcements.preview')} sx={{ width: '100%', mt: 2 }}>
      <CardContent>
        <Typography variant="overline" component="h2">
          {translate('sejahtera.announcements.preview')}
        </Typography>
        {(['ms', 'en'] as const).map((language, i) => (
          <Box key={language} lang={language} sx={{ mt: i ? 2 : 0 }}>
            {i ? <Divider sx={{ mb: 2 }} /> : null}
            <Typography variant="caption" sx={{ color: 'text.secondary' }}>
              {translate(`sejahtera.language.${language}`)}
            </Typography>
            <Typography variant="h6" component="p">
              {title?.[language] || '-'}
            </Typography>
            <Typography sx={{ whiteSpace: 'pre-wrap' }}>{body?.[language] || '-'}</Typography>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
};

/**
 * About how many people the chosen audience is, once it is chosen in full (SQL counts or estimates it:
 * the figure is the audience now; publishing reaches whoever is in it then).
 */
const AudienceEstimate = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const dataProvider = useDataProvider<SejahteraDataProvider>();
  const [kind, state, district, status] = useWatch({ name: ['target_kind', 'target_state', 'target_district', 'target_status'] }) as (string | null | undefined)[];
  const target = targetOf({ target_kind: kind, target_state: state, target_district: district, target_status: status });
  const chosen = kind === 'everyone' || (kind === 'state' && !!state) || (kind === 'district' && !!district) || (kind === 'status' && !!status);
  const { data: people, isError } = useQuery({
    queryKey: ['announcement_audience', target],
    queryFn: () => dataProvider.announcementAudience(target),
    enabled: chosen,
    staleTime: 60_000,
  });
  if (!chosen || isError) return null;
  return (
    <Typography role="status" variant="body2" sx={{ color: 'text.secondary', mb: 1 }}>
      {people === undefined
        ? translate('sejahtera.announcements.audience_counting')
        : translate('sejahtera.announcements.audience_estimate', {
            smart_count: people,
            count: people.toLocaleString(locale === 'en' ? 'en-MY' : 'ms-MY'),
          })}
    </Typography>
  );
};

export const AnnouncementForm = () => {
  const { permissions } = usePermissions<Permissions>();
  const kinds = targetKinds(permissions?.role);
  return (
    <SimpleForm defaultValues={{ target_kind: kinds[0] }}>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, columnGap: 2, width: '100%' }}>
        <TextInput source="title.ms" label="sejahtera.announcements.title_ms" validate={[required(), maxLength(200)]} />
        <TextInput source="title.en" label="sejahtera.announcements.title_en" validate={[required(), maxLength(200)]} />
        <TextInput source="body.ms" label="sejahtera.announcements.body_ms" multiline minRows={4} validate={[required(), maxLength(5000)]} />
        <TextInput source="body.en" label="sejahtera.announcements.body_en" multiline minRows={4} validate={[required(), maxLength(5000)]} />
      </Box>
      <SelectInput
        source="target_kind"
        validate={required()}
        choices={kinds.map((id) => ({ id, name: `sejahtera.announcements.target.${id}` }))}
      />
      <FormDataConsumer>
        {({ formData }) =>
          formData.target_kind === 'state' ? (
            <ReferenceInput
              source="target_state"
              reference="states"
              sort={{ field: 'code', order: 'ASC' }}
              perPage={100}
              filter={permissions?.role === 'supervisor' && permissions.stateCode ? { code: permissions.stateCode } : {}}
            >
              <SelectInput optionText="name_ms" validate={required()} />
            </ReferenceInput>
          ) : formData.target_kind === 'district' ? (
            <ReferenceInput source="target_district" reference="districts" sort={{ field: 'name', order: 'ASC' }} perPage={200} filter={districtFilter(permissions)}>
              <SelectInput optionText="name" validate={required()} />
            </ReferenceInput>
          ) : formData.target_kind === 'status' ? (
            <SelectInput source="target_status" validate={required()} choices={riskStatuses.map((id) => ({ id, name: `sejahtera.status.${id}` }))} />
          ) : null
        }
      </FormDataConsumer>
      <AudienceEstimate />
      <Preview />
    </SimpleForm>
  );
};
