// expect: TS2673
// Errors come from the package; their constructors are not public.
import { ApiError } from "botpress-chat-wasm";

throw new ApiError();
