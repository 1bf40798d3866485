DROP TABLE document_reads;
