/** A new draft announcement. One draft per form, however often Save is pressed (the SDK's idempotency key). */
import { useState } from 'react';
import { Create } from 'react-admin';
import { AnnouncementForm } from './AnnouncementForm.tsx';

export const AnnouncementCreate = () => {
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  return (
    <Create redirect="show" mutationOptions={{ meta: { idempotencyKey } }}>
      <AnnouncementForm />
    </Create>
  );
};
