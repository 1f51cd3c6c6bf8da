import { useState } from 'react';
import { Create, Edit } from 'react-admin';
import { SubscriptionForm } from './SubscriptionForm.tsx';

/** A new subscription (one per form, however often Save is pressed). */
export const SubscriptionCreate = () => {
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  return (
    <Create redirect="list" mutationOptions={{ meta: { idempotencyKey } }}>
      <SubscriptionForm />
    </Create>
  );
};

export const SubscriptionEdit = () => (
  <Edit redirect="list" mutationMode="pessimistic">
    <SubscriptionForm />
  </Edit>
);
