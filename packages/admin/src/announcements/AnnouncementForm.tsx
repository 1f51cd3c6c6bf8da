/**
 * The announcement form: title and text in Malay and English (both required, as the database and the
 * SDK's schema require), the audience the writer may address (administrators: anyone; supervisors:
 * their state or its districts; officers: their districts), and a preview of both languages as the
 * public will read them.
 */
import { Box, Card, CardContent, Divider, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import {
  FormDataConsumer,
  maxLength,
  ReferenceInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { Permissions } from '../roles.ts';
import { riskStatuses } from '../persons/PersonList.tsx';

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
      <Preview />
    </SimpleForm>
  );
};
