/** The SDK's tests run on the shared test stack (see @sejahtera/stack/testing): started if needed, stopped if started here. */
import { useTestStack } from '@sejahtera/stack/testing';

export default () => useTestStack();
