DROP TABLE passport_hand_overs;
DROP TABLE passports;
