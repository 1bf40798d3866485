# The emails about the account itself: the codes that verify an address and reset a
# password, an attempt to register an address that has an account, many failed sign-ins,
# and a changed password. Each message here is also in ../id/accounts.ftl (the default
# language), with the same variables.

# $name: the name given at registration; $code: the one-time code.
account-verification-subject = Your Paspor verification code
account-verification-body =
    Hello { $name },

    Your verification code is { $code }. It is valid for 10 minutes.

    If you did not register, ignore this email.

account-already-registered-subject = Someone tried to register with your email address
account-already-registered-body =
    Someone tried to create a Paspor account with this email address, which already has one. If it was you, sign in instead, or reset your password if you forgot it. If it was not you, you need do nothing: your account is unchanged.

# $code: the one-time code.
account-reset-subject = Your Paspor password reset code
account-reset-body =
    Your password reset code is { $code }. It is valid for 10 minutes.

    If you did not ask to reset your password, ignore this email: your password is unchanged.

account-failed-sign-ins-subject = Many failed sign-ins to your Paspor account
account-failed-sign-ins-body =
    There were many failed attempts to sign in to your account in the last hour. You can still sign in from a phone or computer you used before; other addresses wait a while between tries. If these attempts were not yours, consider changing your password.

account-password-changed-subject = Your Paspor password was changed
account-password-changed-body =
    The password of your Paspor account was just changed, and other sessions were signed out. If this was not you, reset your password at once.
