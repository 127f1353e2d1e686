/** The react-query key of the user list; every change to a user invalidates it. */
export const USERS_KEY = ['users'] as const;
